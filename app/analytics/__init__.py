"""Reports over production history: quality analytics now; production reports and OEE next."""
