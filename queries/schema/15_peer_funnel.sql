-- Funnel comparison of each city and county with the rest of its province and year (ingest.funnel.refresh_funnel):
-- the D1 measures, D2's bunching share and D3's shrunken slope, one row per unit and measure.
create table if not exists peer_funnel (
    level          varchar,   -- city | county
    province       varchar,
    year           integer,
    city           varchar,
    county         varchar,
    region_name    varchar,
    measure        varchar,   -- mean_self | share_100 | all_full_share | mean_inflation | flagged_share | bunch_ratio | bunch_share | self_rate_slope
    numerator      double,    -- sum of the values (means) or count meeting the measure (shares)
    denominator    double,    -- reports counted (bunch_ratio: totals in [88, 92); bunch_share: in [60, 100))
    value          double,    -- null below the minimum size (counts only); D3: the shrunken slope
    raw_value      double,    -- D3: the unit's own least-squares slope; mean_self: the mean as filed
    target         double,    -- the province's value without this unit (D3: the province's mean slope)
    n_peer_units   integer,
    sd             double,    -- means: SD of the other units' reports; D3: SD of the unit's execution rates
    z              double,
    lo95 double, hi95 double, lo998 double, hi998 double,              -- limits at this unit's size
    phi            double,    -- overdispersion factor from winsorised z-scores
    tau2           double,    -- additive between-unit variance (arcsine scale for shares)
    overdispersed  boolean,   -- the χ² test found overdispersion: the adjusted limits carry τ²
    adj_lo95 double, adj_hi95 double, adj_lo998 double, adj_hi998 double,
    z_adj          double,
    p_value        double,    -- one-sided (above), from z_adj
    q_value        double,    -- Benjamini–Hochberg over the province-year's units, per measure
    interval_low   double,    -- D3: 95% posterior interval of the slope
    interval_high  double,
    verdict        varchar,   -- above_998 | above_998_fdr | above_998_exact | above_95 | within | below_95 | below_998 | near_zero | not_near_zero | not_computable
    is_flag        boolean,
    status         varchar,   -- ok | too_few_reports | too_few_peers | zero_spread | missing_value
    status_reason  varchar
);
