-- One row per user who has a profile: registered through the shop, or made outside it (the realm's demo users) and
-- seen by GET /api/auth/me. The id is the Keycloak user id, the sub of the user's tokens. Keycloak keeps e-mails
-- unique; this table mirrors them and does not enforce it.
create table user_profile (
    id          uuid         primary key,
    email       varchar(255) not null,
    first_name  varchar(255) not null,
    last_name   varchar(255) not null,
    created_at  timestamptz  not null
);
