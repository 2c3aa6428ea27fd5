"""The lineage explorer: `model` reads what it shows from a store, `page` makes the HTML;
policykg.explore writes the offline file, policykg.explore_live serves it over a store."""
