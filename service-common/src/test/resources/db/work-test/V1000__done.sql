-- For WorkerPoolIT, after the common migrations (which create work_item): the items its handlers finished,
-- one row each, so that a second handling of an item fails on the primary key.
create table done (item_key varchar(200) primary key);
