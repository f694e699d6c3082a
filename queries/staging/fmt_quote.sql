-- Printed text quoted in an explanation, “…”, cut to n characters with an ellipsis; null when nothing is
-- printed, so an explanation never shows empty quotes.
-- materialized: macro (a scalar function the explanations use)
create or replace macro fmt_quote(t, n) as
    case when fmt_text(t) is not null
         then '“' || case when length(fmt_text(t)) > n then left(fmt_text(t), n - 1) || '…' else fmt_text(t) end || '”' end
