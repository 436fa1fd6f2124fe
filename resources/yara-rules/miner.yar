// Cryptocurrency miners: pool URLs of the stratum protocol and the
// configuration keys of common miners (XMRig and its forks).

rule miner_stratum_url
{
    meta:
        description = "a stratum mining pool URL"
        severity = "high"
    strings:
        $url = /stratum\+(tcp|ssl|tls):\/\/[A-Za-z0-9._-]+:[0-9]{2,5}/ nocase
    condition:
        $url
}

rule miner_xmrig_config
{
    meta:
        description = "XMRig-style miner configuration or command line"
        severity = "high"
    strings:
        $donate = "\"donate-level\"" ascii
        $pools = "\"pools\"" ascii
        $algo = /"algo"\s*:\s*"(rx\/0|cn\/r|rx\/wow|kawpow|argon2\/chukwa)"/
        $cli = /--donate-level[= ][0-9]/
        $nicehash = "\"nicehash\"" ascii
    condition:
        $cli or ($donate and $pools) or ($algo and ($pools or $nicehash))
}

rule miner_pool_host
{
    meta:
        description = "the host name of a well-known mining pool"
        severity = "medium"
    strings:
        $p1 = /\b(pool\.)?(minexmr|supportxmr|nanopool|hashvault|moneroocean|2miners|f2pool|nicehash)\.(com|org|net|pro|stream)\b/ nocase
        $p2 = /\bxmr(-[a-z]{2,4})?\.(nanopool\.org|2miners\.com|pool\.minergate\.com)\b/ nocase
    condition:
        any of them
}
