-- How many scorecard measures have each status.
SELECT status, count(*) FROM marts.register_scorecard GROUP BY status ORDER BY status
