-- A ledger text column of p, trimmed, with 'Not stated' for blank or missing. Ends with a comma.
    coalesce(nullif(trim(p.{column}), ''), 'Not stated') AS {column},
