"""Plant description files shipped with Takt (`demo.yaml`: the plant of `takt demo`)."""
