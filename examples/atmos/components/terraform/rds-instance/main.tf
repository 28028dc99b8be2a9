# Terraform root module for the rds-instance example component (kept empty in this example).
