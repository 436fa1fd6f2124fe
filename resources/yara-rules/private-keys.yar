// Private keys in PEM and OpenSSH form: who holds one can act as its owner.

rule private_key_pem
{
    meta:
        description = "a PEM private key (PKCS#1, PKCS#8, EC, DSA, encrypted)"
        severity = "high"
    strings:
        $pem = /-----BEGIN (RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----\r?\n[A-Za-z0-9+\/=\r\n:,-]{16}/
    condition:
        $pem
}

rule private_key_openssh
{
    meta:
        description = "an OpenSSH private key"
        severity = "high"
    strings:
        $ssh = /-----BEGIN OPENSSH PRIVATE KEY-----\r?\nb3BlbnNzaC1rZXktdjE/
    condition:
        $ssh
}

rule private_key_pgp
{
    meta:
        description = "a PGP private key block"
        severity = "high"
    strings:
        $pgp = /-----BEGIN PGP PRIVATE KEY BLOCK-----\r?\n/
    condition:
        $pgp
}
