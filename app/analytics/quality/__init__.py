"""Quality analytics: FPY, RTY, scrap and rework ratios, defect Pareto, test statistics."""
