# Terraform root module for the eks-cluster example component (kept empty in this example).
