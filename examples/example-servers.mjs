// What the server examples' setup.mjs files share: where MariaDB is, a connection to it, and
// a server's connection URL for a spec's secret references. MariaDB is found like the
// connector tests find it: SYNCLINE_MYSQL_HOST, _PORT, _USER, _PASSWORD (default root on
// 127.0.0.1:3306, no password). Imported by examples/<name>/setup.mjs, as prepare-example.mjs
// is by the demo and the golden test.
import mysql from 'mysql2/promise';

/** The MariaDB server the examples create their databases on. */
export const mariadbServer = {
  host: process.env.SYNCLINE_MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.SYNCLINE_MYSQL_PORT ?? 3306),
  user: process.env.SYNCLINE_MYSQL_USER ?? 'root',
  password: process.env.SYNCLINE_MYSQL_PASSWORD ?? '',
};

/** Runs use(connection) on a MariaDB connection (in that database unless null), in UTC, and closes it. */
export async function withMariadb(database, use) {
  const connection = await mysql.createConnection({
    ...mariadbServer,
    ...(database ? { database } : {}),
    charset: 'utf8mb4',
    multipleStatements: true,
  });
  try {
    await connection.query("SET time_zone = '+00:00'");
    return await use(connection);
  } finally {
    await connection.end();
  }
}

/** The URL of a database on a server ({host, port, user, password}): `mysql://root@127.0.0.1:3306/name`. */
export function serverUrl(scheme, server, database) {
  const password = server.password ? `:${encodeURIComponent(server.password)}` : '';
  return `${scheme}://${encodeURIComponent(server.user)}${password}@${server.host}:${server.port}/${database}`;
}
