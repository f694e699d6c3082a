-- D2's province side (ingest.funnel.refresh_funnel): totals just above 90 against a smooth fit of the
-- province-year's score histogram without the window [88, 92).
create table if not exists peer_bunching (
    province       varchar,
    year           integer,
    n_reports      integer,
    n_fitted       integer,   -- totals in [60, 100) outside [88, 92) that the smooth fit used
    observed       integer,   -- totals in [90, 92)
    expected       double,    -- what the smooth fit predicts there
    excess         double,
    p_value        double,
    fitted_ratio   double,    -- of the fitted counts in [88, 92), the share in [90, 92): D2's funnel target
    status         varchar,
    status_reason  varchar
);
