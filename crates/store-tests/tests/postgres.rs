//! The store suite on PostgreSQL; each test runs when `TEST_DATABASE_URL` is set.

skillbridge_store_tests::store_suite!(skillbridge_store_tests::postgres());
