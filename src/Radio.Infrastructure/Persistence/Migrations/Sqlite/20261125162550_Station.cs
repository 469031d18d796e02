using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Station : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "schedule_entries",
                columns: table => new
                {
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    song_id = table.Column<int>(type: "INTEGER", nullable: false),
                    round = table.Column<int>(type: "INTEGER", nullable: false),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: false),
                    duration_seconds = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_schedule_entries", x => x.sequence);
                });

            migrationBuilder.CreateIndex(
                name: "ix_schedule_entries_ends_at",
                table: "schedule_entries",
                column: "ends_at");

            migrationBuilder.CreateIndex(
                name: "ix_schedule_entries_round_song_id",
                table: "schedule_entries",
                columns: new[] { "round", "song_id" });

            migrationBuilder.CreateIndex(
                name: "ix_schedule_entries_song_id",
                table: "schedule_entries",
                column: "song_id");

            migrationBuilder.CreateIndex(
                name: "ix_schedule_entries_starts_at",
                table: "schedule_entries",
                column: "starts_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "schedule_entries");
        }
    }
}
