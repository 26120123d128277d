"""The store, posting slots, the publish engine, the cron tick and the daemon."""
