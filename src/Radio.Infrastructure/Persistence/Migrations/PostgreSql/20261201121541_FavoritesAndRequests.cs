using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FavoritesAndRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "request_id",
                table: "schedule_entries",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "favorites",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    song_id = table.Column<int>(type: "integer", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_favorites", x => x.id);
                    table.ForeignKey(
                        name: "fk_favorites_songs_song_id",
                        column: x => x.song_id,
                        principalTable: "songs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_favorites_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "song_requests",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    song_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<int>(type: "integer", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_song_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_song_requests_songs_song_id",
                        column: x => x.song_id,
                        principalTable: "songs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_song_requests_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_schedule_entries_request_id",
                table: "schedule_entries",
                column: "request_id");

            migrationBuilder.CreateIndex(
                name: "ix_favorites_song_id",
                table: "favorites",
                column: "song_id");

            migrationBuilder.CreateIndex(
                name: "ix_favorites_user_id_id",
                table: "favorites",
                columns: new[] { "user_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_favorites_user_id_song_id",
                table: "favorites",
                columns: new[] { "user_id", "song_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_song_requests_song_id",
                table: "song_requests",
                column: "song_id");

            migrationBuilder.CreateIndex(
                name: "ix_song_requests_user_id_requested_at",
                table: "song_requests",
                columns: new[] { "user_id", "requested_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_schedule_entries_song_request_request_id",
                table: "schedule_entries",
                column: "request_id",
                principalTable: "song_requests",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_schedule_entries_song_request_request_id",
                table: "schedule_entries");

            migrationBuilder.DropTable(
                name: "favorites");

            migrationBuilder.DropTable(
                name: "song_requests");

            migrationBuilder.DropIndex(
                name: "ix_schedule_entries_request_id",
                table: "schedule_entries");

            migrationBuilder.DropColumn(
                name: "request_id",
                table: "schedule_entries");
        }
    }
}
