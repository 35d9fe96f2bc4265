using Microsoft.Data.Sqlite;

namespace SqmSite.Cms.Web;

/// <summary>
/// Recognises "the disk is full" in whatever form it arrives (the file system, SQLite, PostgreSQL), so a visitor is told
/// that nothing was saved and why, and the log tells an operator what to free, instead of a bare 500.
/// </summary>
public static class StorageFull
{
    public const string ForVisitors =
        "The server ran out of storage space, so what you sent was not saved. The site's team has been told; please try again later (keep a copy of anything long you typed).";

    public const string ForOperators =
        "Free disk space on the server (the database's disk, and the media and mail folders under App_Data); the site recovers by itself, no restart needed.";

    /// <summary>What is full, in an operator's words, or null when the exception is something else.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: 13 }:
                    return "the SQLite database could not grow (SQLITE_FULL: database or disk is full)";
                case Npgsql.PostgresException { SqlState: "53100" }:
                    return "the PostgreSQL server's disk is full (53100 disk_full)";
                case IOException io when (io.HResult & 0xFFFF) is 28 or 39 or 112:
                    return "a file could not be written because its disk is full (" + io.Message + ")";
            }
        }

        return null;
    }
}
