-- Warehouse layers: staging (as read), core (canonical facts and dimensions),
-- marts (analyst-facing KPI tables), audit (what happened to every input line).
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS marts;
CREATE SCHEMA IF NOT EXISTS audit;
