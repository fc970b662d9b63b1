-- The one target-status rule, for every figure judged against a target, a baseline or a current
-- figure: the KPI marts' shares (local_target_status ...), marts.register_scorecard.status and the
-- report. Values, in the order they are decided:
--   'no figure'       there is nothing to judge (no spend, net credits, no register data that year);
--   'no target'       nothing to judge it against;
--   'for information' a figure shown beside another without a better or worse direction;
--   'on target'       at or above the target (at or below it when lower is better);
--   'near target'     short of it by no more than near_margin (in the value's own unit);
--   'off target'      further short.
-- direction: higher_is_better | lower_is_better | anything else (none, NULL): for information.
CREATE OR REPLACE MACRO marts.target_status(value, target, direction, near_margin) AS
    CASE
        WHEN value IS NULL THEN 'no figure'
        WHEN target IS NULL THEN 'no target'
        WHEN direction = 'higher_is_better' THEN
            CASE WHEN value >= target THEN 'on target'
                 WHEN value >= target - near_margin THEN 'near target'
                 ELSE 'off target' END
        WHEN direction = 'lower_is_better' THEN
            CASE WHEN value <= target THEN 'on target'
                 WHEN value <= target + near_margin THEN 'near target'
                 ELSE 'off target' END
        ELSE 'for information'
    END;

-- A share of spend (percent, higher is better) against its target: near is within 5 percentage
-- points below. The register measures have no near band (near_margin 0): days, counts and pounds
-- have no common margin.
CREATE OR REPLACE MACRO marts.share_target_status(share, target) AS
    marts.target_status(share, target, 'higher_is_better', 5.00);
