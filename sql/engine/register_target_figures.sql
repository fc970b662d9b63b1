-- The figures reference_data/register_targets.csv set for one register measure, for the
-- {register_targets.MEASURE} term of the docs (pipelines/models.py). Parameter: measure.
SELECT financial_year, dimension, figure, kind
FROM core.register_targets
WHERE measure = ?
ORDER BY financial_year NULLS FIRST, dimension
