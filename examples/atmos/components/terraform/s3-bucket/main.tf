# Terraform root module for the s3-bucket example component (kept empty in this example).
