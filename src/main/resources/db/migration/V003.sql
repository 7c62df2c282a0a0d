-- prompt profile versions: each save adds a version, old versions stay readable
CREATE TABLE prompt_profile_version (
    profile_name VARCHAR(200) NOT NULL,
    version INTEGER NOT NULL,
    document VARCHAR(200000) NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    author VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (profile_name, version)
);
