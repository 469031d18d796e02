using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ArtistStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_song_requests_song_id",
                table: "song_requests");

            migrationBuilder.DropIndex(
                name: "ix_schedule_entries_song_id",
                table: "schedule_entries");

            migrationBuilder.DropIndex(
                name: "ix_listens_song_id",
                table: "listens");

            migrationBuilder.DropIndex(
                name: "ix_favorites_song_id",
                table: "favorites");

            migrationBuilder.AddColumn<long>(
                name: "listened_seconds",
                table: "schedule_entries",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_song_requests_song_id_requested_at",
                table: "song_requests",
                columns: new[] { "song_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_schedule_entries_song_id_starts_at",
                table: "schedule_entries",
                columns: new[] { "song_id", "starts_at" });

            migrationBuilder.CreateIndex(
                name: "ix_listens_song_id_listened_at",
                table: "listens",
                columns: new[] { "song_id", "listened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_favorites_song_id_added_at",
                table: "favorites",
                columns: new[] { "song_id", "added_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_song_requests_song_id_requested_at",
                table: "song_requests");

            migrationBuilder.DropIndex(
                name: "ix_schedule_entries_song_id_starts_at",
                table: "schedule_entries");

            migrationBuilder.DropIndex(
                name: "ix_listens_song_id_listened_at",
                table: "listens");

            migrationBuilder.DropIndex(
                name: "ix_favorites_song_id_added_at",
                table: "favorites");

            migrationBuilder.DropColumn(
                name: "listened_seconds",
                table: "schedule_entries");

            migrationBuilder.CreateIndex(
                name: "ix_song_requests_song_id",
                table: "song_requests",
                column: "song_id");

            migrationBuilder.CreateIndex(
                name: "ix_schedule_entries_song_id",
                table: "schedule_entries",
                column: "song_id");

            migrationBuilder.CreateIndex(
                name: "ix_listens_song_id",
                table: "listens",
                column: "song_id");

            migrationBuilder.CreateIndex(
                name: "ix_favorites_song_id",
                table: "favorites",
                column: "song_id");
        }
    }
}
