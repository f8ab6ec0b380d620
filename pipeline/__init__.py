"""Budget disclosure pipeline: PDF → Document → tables/records → findings → output/."""
