-- one database per service on the one PostgreSQL server (run once, when the data volume is created)
CREATE DATABASE auth;
CREATE DATABASE catalog;
CREATE DATABASE cart;
CREATE DATABASE payment;
