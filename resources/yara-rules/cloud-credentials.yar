// Cloud credentials: keys that open an account at AWS, Google Cloud or Azure.

rule cloud_aws_access_key
{
    meta:
        description = "an AWS access key id (long-term AKIA or temporary ASIA) beside a secret key"
        severity = "high"
    strings:
        $id = /\b(AKIA|ASIA)[A-Z2-7]{16}\b/
        $secret = /aws_secret_access_key["']?\s*[:=]\s*["']?[A-Za-z0-9\/+]{40}\b/ nocase
    condition:
        $id and $secret
}

rule cloud_aws_access_key_id
{
    meta:
        description = "an AWS access key id alone"
        severity = "medium"
    strings:
        $id = /\b(AKIA|ASIA)[A-Z2-7]{16}\b/
    condition:
        $id
}

rule cloud_gcp_service_account
{
    meta:
        description = "a Google Cloud service account key (JSON)"
        severity = "high"
    strings:
        $type = /"type"\s*:\s*"service_account"/
        $key = /"private_key"\s*:\s*"-----BEGIN PRIVATE KEY-----/
    condition:
        $type and $key
}

rule cloud_azure_storage_key
{
    meta:
        description = "an Azure storage connection string with its account key"
        severity = "high"
    strings:
        $conn = /DefaultEndpointsProtocol=https?;AccountName=[a-z0-9]{3,24};AccountKey=[A-Za-z0-9+\/]{86}==/
    condition:
        $conn
}
