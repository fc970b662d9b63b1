-- The register targets (reference_data/register_targets.csv, registered as _register_targets)
-- and the council's primary postcode areas (_local_areas), which the quick-quote KPI reads.
DELETE FROM core.register_targets;
INSERT INTO core.register_targets BY NAME SELECT * FROM _register_targets;
CREATE OR REPLACE TEMP TABLE register_local_areas AS SELECT area FROM _local_areas;
