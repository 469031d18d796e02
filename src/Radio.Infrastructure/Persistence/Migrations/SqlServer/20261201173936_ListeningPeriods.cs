using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ListeningPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "listening_periods",
                columns: table => new
                {
                    period = table.Column<int>(type: "int", nullable: false),
                    start = table.Column<DateOnly>(type: "date", nullable: false),
                    user_id = table.Column<int>(type: "int", nullable: false),
                    seconds = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listening_periods", x => new { x.period, x.start, x.user_id });
                    table.ForeignKey(
                        name: "fk_listening_periods_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_listening_periods_period_start_seconds_user_id",
                table: "listening_periods",
                columns: new[] { "period", "start", "seconds", "user_id" },
                descending: new[] { false, false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_listening_periods_user_id",
                table: "listening_periods",
                column: "user_id");

            // every stored day into its day, week and month before the days go
            migrationBuilder.Sql(ListeningPeriodsMigration.SqlServer);

            migrationBuilder.DropTable(
                name: "listening_days");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "listening_days",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "int", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    seconds = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listening_days", x => new { x.user_id, x.day });
                    table.ForeignKey(
                        name: "fk_listening_days_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_listening_days_day",
                table: "listening_days",
                column: "day");

            migrationBuilder.Sql(ListeningPeriodsMigration.Back("["));

            migrationBuilder.DropTable(
                name: "listening_periods");
        }
    }
}
