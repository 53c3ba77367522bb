"""Batch jobs: input records, the job stores (SQLite, Redis), the queue and its workers."""
