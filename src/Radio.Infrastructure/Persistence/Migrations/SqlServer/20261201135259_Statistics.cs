using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.SqlServer
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    listener_id = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    credited_seconds = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listening_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "listening_stats",
                columns: table => new
                {
                    interval = table.Column<int>(type: "int", nullable: false),
                    start = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    listening_seconds = table.Column<double>(type: "float", nullable: false),
                    sessions = table.Column<long>(type: "bigint", nullable: false),
                    session_seconds = table.Column<double>(type: "float", nullable: false),
                    unique_listeners = table.Column<long>(type: "bigint", nullable: false),
                    sessions_lt_1m = table.Column<long>(type: "bigint", nullable: false),
                    sessions_1_5m = table.Column<long>(type: "bigint", nullable: false),
                    sessions_5_15m = table.Column<long>(type: "bigint", nullable: false),
                    sessions_15_30m = table.Column<long>(type: "bigint", nullable: false),
                    sessions_30_60m = table.Column<long>(type: "bigint", nullable: false),
                    sessions_1_2h = table.Column<long>(type: "bigint", nullable: false),
                    sessions_gt_2h = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listening_stats", x => new { x.interval, x.start });
                });

            migrationBuilder.CreateTable(
                name: "listening_stats_listeners",
                columns: table => new
                {
                    interval = table.Column<int>(type: "int", nullable: false),
                    start = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    listener_id = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false)
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
