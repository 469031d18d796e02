using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Statistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "listening_sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    listener_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ended_at = table.Column<long>(type: "INTEGER", nullable: false),
                    credited_seconds = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listening_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "listening_stats",
                columns: table => new
                {
                    interval = table.Column<int>(type: "INTEGER", nullable: false),
                    start = table.Column<long>(type: "INTEGER", nullable: false),
                    listening_seconds = table.Column<double>(type: "REAL", nullable: false),
                    sessions = table.Column<long>(type: "INTEGER", nullable: false),
                    session_seconds = table.Column<double>(type: "REAL", nullable: false),
                    unique_listeners = table.Column<long>(type: "INTEGER", nullable: false),
                    sessions_lt_1m = table.Column<long>(type: "INTEGER", nullable: false),
                    sessions_1_5m = table.Column<long>(type: "INTEGER", nullable: false),
                    sessions_5_15m = table.Column<long>(type: "INTEGER", nullable: false),
                    sessions_15_30m = table.Column<long>(type: "INTEGER", nullable: false),
                    sessions_30_60m = table.Column<long>(type: "INTEGER", nullable: false),
                    sessions_1_2h = table.Column<long>(type: "INTEGER", nullable: false),
                    sessions_gt_2h = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listening_stats", x => new { x.interval, x.start });
                });

            migrationBuilder.CreateTable(
                name: "listening_stats_listeners",
                columns: table => new
                {
                    interval = table.Column<int>(type: "INTEGER", nullable: false),
                    start = table.Column<long>(type: "INTEGER", nullable: false),
                    listener_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listening_stats_listeners", x => new { x.interval, x.start, x.listener_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_listening_sessions_started_at",
                table: "listening_sessions",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "listening_sessions");

            migrationBuilder.DropTable(
                name: "listening_stats");

            migrationBuilder.DropTable(
                name: "listening_stats_listeners");
        }
    }
}
