-- Demo catalog for the local run (./shop up, profile "local"): 50 products in the 5 categories, in the shop currency.
-- Repeatable and idempotent: products that exist are left alone. Each new product also gets its ProductUpserted in the
-- outbox (same transaction), so that other services' read models learn about it like about any other product.
with demo (sku, name, description, category, price_amount, on_hand) as (
    values
    ('EL-1001', 'Wireless Noise-Cancelling Headphones', 'Over-ear Bluetooth headphones with 30 hours of battery and active noise cancelling.', 'electronics', 19900, 25),
    ('EL-1002', 'USB-C Charger 65 W', 'Compact gallium-nitride charger with two USB-C ports and one USB-A port.', 'electronics', 3999, 120),
    ('EL-1003', 'Mechanical Keyboard', 'Tenkeyless keyboard with hot-swappable brown switches and white backlight.', 'electronics', 8999, 40),
    ('EL-1004', '4K Monitor 27"', '27-inch IPS monitor, 3840x2160, USB-C with 90 W power delivery.', 'electronics', 34900, 12),
    ('EL-1005', 'Portable SSD 1 TB', 'Pocket-sized solid state drive, up to 1050 MB/s over USB 3.2.', 'electronics', 10999, 60),
    ('EL-1006', 'Smart Watch', 'Fitness tracking, heart-rate sensor, GPS and seven days of battery.', 'electronics', 17900, 30),
    ('EL-1007', 'Bluetooth Speaker', 'Waterproof speaker with 12 hours of playback and a carabiner.', 'electronics', 4999, 80),
    ('EL-1008', 'Webcam 1080p', 'Full-HD webcam with stereo microphones and a privacy shutter.', 'electronics', 5499, 45),
    ('EL-1009', 'E-Reader', 'Glare-free 6-inch display, adjustable warm light, weeks of battery.', 'electronics', 11999, 20),
    ('EL-1010', 'Wireless Mouse', 'Ergonomic mouse with silent clicks and a USB receiver.', 'electronics', 2499, 150),
    ('BK-2001', 'The Pragmatic Programmer', 'From journeyman to master: timeless advice on the craft of software.', 'books', 4200, 35),
    ('BK-2002', 'Designing Data-Intensive Applications', 'The big ideas behind reliable, scalable and maintainable systems.', 'books', 4999, 28),
    ('BK-2003', 'Clean Code', 'A handbook of agile software craftsmanship.', 'books', 3799, 40),
    ('BK-2004', 'Domain-Driven Design', 'Tackling complexity in the heart of software.', 'books', 5499, 15),
    ('BK-2005', 'Refactoring', 'Improving the design of existing code, second edition.', 'books', 4599, 22),
    ('BK-2006', 'The Art of Cooking Slowly', 'Stews, braises and roasts that take their time.', 'books', 2999, 18),
    ('BK-2007', 'A Short History of Nearly Everything', 'A journey through science, from the Big Bang to today.', 'books', 1599, 50),
    ('BK-2008', 'Mountain Trails of Europe', 'Fifty classic hikes with maps, profiles and hut tips.', 'books', 2499, 12),
    ('BK-2009', 'Java Concurrency in Practice', 'Threads, locks and the Java memory model explained.', 'books', 4499, 9),
    ('BK-2010', 'Children''s Atlas of the World', 'Colourful maps and facts for curious young explorers.', 'books', 1899, 30),
    ('HK-3001', 'Cast Iron Skillet 28 cm', 'Pre-seasoned skillet for stove, oven and campfire.', 'home-kitchen', 3999, 40),
    ('HK-3002', 'Chef''s Knife 20 cm', 'Forged stainless steel blade with a full tang.', 'home-kitchen', 6999, 25),
    ('HK-3003', 'Espresso Machine', '15-bar pump espresso maker with a milk frother.', 'home-kitchen', 24900, 8),
    ('HK-3004', 'French Press 1 l', 'Borosilicate glass coffee press with a steel filter.', 'home-kitchen', 2499, 60),
    ('HK-3005', 'Bamboo Cutting Board Set', 'Three boards in different sizes with juice grooves.', 'home-kitchen', 2999, 45),
    ('HK-3006', 'Electric Kettle', '1.7 litre kettle with temperature control and keep-warm.', 'home-kitchen', 4999, 35),
    ('HK-3007', 'Linen Tea Towels (4)', 'Absorbent, quick-drying towels in natural linen.', 'home-kitchen', 1999, 70),
    ('HK-3008', 'Stand Mixer', 'Tilt-head mixer with a 5 litre bowl and three attachments.', 'home-kitchen', 29900, 6),
    ('HK-3009', 'Glass Food Containers (10)', 'Oven-safe containers with airtight lids.', 'home-kitchen', 3499, 55),
    ('HK-3010', 'Cotton Bed Sheet Set', 'Percale sheets, 200 thread count, for a double bed.', 'home-kitchen', 5999, 20),
    ('SO-4001', 'Trail Running Shoes', 'Lightweight shoes with a grippy outsole for muddy trails.', 'sports-outdoors', 12900, 30),
    ('SO-4002', 'Yoga Mat', 'Non-slip 6 mm mat with a carrying strap.', 'sports-outdoors', 2999, 80),
    ('SO-4003', 'Camping Tent 2P', 'Two-person tent, 2.1 kg, with a full rain fly.', 'sports-outdoors', 18900, 10),
    ('SO-4004', 'Insulated Water Bottle', 'Stainless steel, keeps drinks cold for 24 hours.', 'sports-outdoors', 2499, 100),
    ('SO-4005', 'Adjustable Dumbbells', 'Pair of dumbbells adjustable from 2 to 24 kg.', 'sports-outdoors', 27900, 7),
    ('SO-4006', 'Hiking Backpack 40 l', 'Ventilated back panel, rain cover and hip-belt pockets.', 'sports-outdoors', 11900, 18),
    ('SO-4007', 'Cycling Helmet', 'Lightweight helmet with MIPS and a rear light.', 'sports-outdoors', 8999, 25),
    ('SO-4008', 'Sleeping Bag', 'Three-season down sleeping bag, comfort down to -2 °C.', 'sports-outdoors', 15900, 12),
    ('SO-4009', 'Resistance Bands Set', 'Five bands of different strength with handles.', 'sports-outdoors', 1999, 90),
    ('SO-4010', 'Headlamp', 'Rechargeable 400-lumen headlamp with a red light mode.', 'sports-outdoors', 3499, 60),
    ('TG-5001', 'Wooden Building Blocks', '100 natural wooden blocks in a storage box.', 'toys-games', 3499, 40),
    ('TG-5002', 'Strategy Board Game', 'Build settlements and trade resources: 3-4 players, 60 minutes.', 'toys-games', 3999, 35),
    ('TG-5003', '1000-Piece Puzzle', 'A mountain lake at sunrise, 68 x 48 cm.', 'toys-games', 1799, 50),
    ('TG-5004', 'Remote Control Car', 'Off-road car with 4-wheel drive and 20 km/h top speed.', 'toys-games', 5999, 20),
    ('TG-5005', 'Plush Bear', 'Soft bear, 35 cm, machine washable.', 'toys-games', 2299, 60),
    ('TG-5006', 'Card Game for Families', 'Quick rounds of matching and bluffing for 2-6 players.', 'toys-games', 1299, 90),
    ('TG-5007', 'Science Experiment Kit', 'Thirty experiments with crystals, slime and volcanoes.', 'toys-games', 2999, 30),
    ('TG-5008', 'Wooden Train Set', 'Track, bridge, station and three wagons.', 'toys-games', 4999, 15),
    ('TG-5009', 'Chess Set', 'Weighted pieces and a folding wooden board.', 'toys-games', 3999, 25),
    ('TG-5010', 'Kite', 'Easy-to-fly delta kite with 50 m of line.', 'toys-games', 1999, 40)
),
inserted as (
    insert into product (id, sku, name, description, category, price_amount, price_currency, on_hand, reserved, active,
                         version)
    select md5('demo-product:' || sku)::uuid, sku, name, description, category, price_amount, '${currency}', on_hand, 0,
           true, 1
    from demo
    on conflict do nothing
    returning id, sku, name, price_amount, price_currency, on_hand, reserved, active, version
),
-- the seeding is one unit of work, so its events share one new trace (W3C traceparent, not sampled), as every event does
seeding as (
    select '00-' || replace(gen_random_uuid()::text, '-', '') || '-'
               || substr(replace(gen_random_uuid()::text, '-', ''), 1, 16) || '-00' as traceparent
)
insert into outbox_event (event_id, topic, event_key, event_type, source, subject, occurred_at, traceparent, payload)
select gen_random_uuid(), 'catalog.products.v1', id::text, 'dev.shop.catalog.ProductUpserted', '/catalog-service',
       id::text, date_trunc('milliseconds', now()), seeding.traceparent,
       json_build_object('productId', id, 'sku', sku, 'name', name,
                         'price', json_build_object('amount', price_amount, 'currency', price_currency),
                         'availableStock', on_hand - reserved, 'active', active, 'version', version)::text
from inserted, seeding;
