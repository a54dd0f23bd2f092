-- Takes its index, constraints and identity sequence with it.
DROP TABLE tasks;
