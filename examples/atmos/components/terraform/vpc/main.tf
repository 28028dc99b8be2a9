# Terraform root module for the vpc example component (kept empty in this example).
