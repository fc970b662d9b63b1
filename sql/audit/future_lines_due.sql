-- Lines rejected as dated in the future (ledgers/load.py) whose date $latest no longer counts as
-- future: a rerun would now load them, so the run cannot be skipped as having nothing new.
SELECT count(*)
FROM audit.rejected_rows
WHERE reason LIKE 'payment date in the future: %'
  AND strptime(regexp_extract(reason, 'payment date in the future: (\d{2}/\d{2}/\d{4})', 1), '%d/%m/%Y')::DATE <= $latest
