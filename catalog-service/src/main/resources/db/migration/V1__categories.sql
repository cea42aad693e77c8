-- Categories are reference data: they come with the migrations, there is no API to edit them.
create table category (
    slug     text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name     text not null,
    position int  not null default 0 -- display order of GET /api/catalog/categories
);

insert into category (slug, name, position) values
    ('electronics', 'Electronics', 1),
    ('books', 'Books', 2),
    ('home-kitchen', 'Home & Kitchen', 3),
    ('sports-outdoors', 'Sports & Outdoors', 4),
    ('toys-games', 'Toys & Games', 5);
