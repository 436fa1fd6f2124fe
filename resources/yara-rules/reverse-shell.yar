// Reverse-shell command lines: a shell whose input and output go to a
// network peer. Found in process memory (argv, shell history, scripts) and
// in files written to the container.

rule reverse_shell_dev_tcp
{
    meta:
        description = "shell redirected to bash's /dev/tcp or /dev/udp"
        severity = "high"
    strings:
        $redir = /(ba|z|k)?sh\s+-i\s*[0-9]?>&\s*\/dev\/(tcp|udp)\/[A-Za-z0-9.:-]+\/[0-9]{1,5}/
        $exec = /exec\s+[0-9]+<>\s*\/dev\/(tcp|udp)\/[A-Za-z0-9.:-]+\/[0-9]{1,5}/
    condition:
        any of them
}

rule reverse_shell_netcat_exec
{
    meta:
        description = "netcat running a shell for its peer (-e / -c)"
        severity = "high"
    strings:
        $nc = /\b(nc|ncat|netcat)(\.traditional|\.openbsd)?\s+(-[a-z]+\s+)*-(e|c)\s*\/bin\/(ba)?sh\b/
    condition:
        $nc
}

rule reverse_shell_fifo_pipe
{
    meta:
        description = "the mkfifo | sh | nc reverse shell"
        severity = "high"
    strings:
        $fifo = /mkfifo\s+\S+\s*;\s*(cat|tail -f)\s+\S+\s*\|\s*\/bin\/(ba)?sh\s+-i\s*2>&1\s*\|\s*(nc|ncat|netcat)\s/
    condition:
        $fifo
}

rule reverse_shell_script_socket
{
    meta:
        description = "python, perl or socat one-liner that connects a socket to a shell"
        severity = "high"
    strings:
        $py = /socket\.socket\(.{0,200}\.connect\(\(.{0,200}(os\.dup2|subprocess\.call|pty\.spawn)/
        $perl = /perl\s+-e\s+.{0,80}socket\(.{0,200}exec\(\s*"\/bin\/(ba)?sh/
        $socat = /socat\s+(tcp|tcp4|tcp6|openssl)(-connect)?:[^\s]+\s+exec:['"]?\/bin\/(ba)?sh/ nocase
    condition:
        any of them
}
