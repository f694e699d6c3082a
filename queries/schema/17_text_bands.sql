-- MinHash band keys of each current report's narrative (ingest.text_similarity): two reports sharing a key
-- are compared for C2, so an import finds its near-duplicates without recomputing every pair.
create table if not exists text_bands (
    report_id  varchar not null,
    band       integer not null,   -- which band of the signature (MinHashLSH banding at copy_threshold)
    key        bigint not null     -- 64-bit hash of the band's MinHash values
);
