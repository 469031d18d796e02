using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListensAndPeriods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "listening_days",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    seconds = table.Column<long>(type: "INTEGER", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "listens",
                columns: table => new
                {
                    user_id = table.Column<int>(type: "INTEGER", nullable: false),
                    play_sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    song_id = table.Column<int>(type: "INTEGER", nullable: false),
                    listened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    credited_seconds = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_listens", x => new { x.user_id, x.play_sequence });
                    table.ForeignKey(
                        name: "fk_listens_songs_song_id",
                        column: x => x.song_id,
                        principalTable: "songs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_listens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_listening_days_day",
                table: "listening_days",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_listens_song_id",
                table: "listens",
                column: "song_id");

            migrationBuilder.CreateIndex(
                name: "ix_listens_user_id_listened_at",
                table: "listens",
                columns: new[] { "user_id", "listened_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "listening_days");

            migrationBuilder.DropTable(
                name: "listens");
        }
    }
}
