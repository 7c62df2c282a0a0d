-- station identity and key/value facts about this database
CREATE TABLE station_info (
    info_key VARCHAR(100) PRIMARY KEY,
    info_value VARCHAR(1000) NOT NULL
);
