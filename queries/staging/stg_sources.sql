-- Source files: the synthetic marker and the file name shown in drill-downs.
-- materialized: view
create or replace view stg_sources as

with final as (
    select sha256, file_name, path, format, is_synthetic
    from sources
)

select * from final
