-- Version 2: a department's rows are visible to the members of its role only.
-- `department_roles` names the role (or roles) of each department; the administrator fills
-- it (docs/postgresql.md). Row-level security then lets a clerk's login see and change its
-- own department's rows alone. The tables' owner (the administrator who migrates) is not
-- bound by the policies.

CREATE TABLE department_roles (
    department text NOT NULL,
    role_name name NOT NULL,
    PRIMARY KEY (department, role_name)
);

CREATE FUNCTION timedialog_may_use(department text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$
        SELECT EXISTS (
            SELECT 1 FROM department_roles r JOIN pg_catalog.pg_roles g ON g.rolname = r.role_name
            WHERE r.department = $1
              AND pg_catalog.pg_has_role(session_user, g.oid, 'MEMBER')
        )
    $$;

ALTER TABLE departments ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE records ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_department ON departments USING (timedialog_may_use(name));
CREATE POLICY own_department ON messages USING (timedialog_may_use(department));
CREATE POLICY own_department ON records USING (timedialog_may_use(department));
