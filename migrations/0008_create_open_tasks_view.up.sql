-- What is left to do, with the owner's name, most urgent first.
CREATE VIEW open_tasks AS
SELECT t.id,
       t.title,
       t.priority,
       t.status,
       u.display_name AS owner_name
FROM tasks t
JOIN users u ON u.id = t.owner_id
WHERE t.status <> 'done'
ORDER BY CASE t.priority WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
         t.id;

COMMENT ON VIEW open_tasks IS 'Tasks not done yet, most urgent first';
