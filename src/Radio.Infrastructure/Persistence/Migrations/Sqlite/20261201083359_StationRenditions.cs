using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StationRenditions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "rendition_error",
                table: "songs",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rendition_key",
                table: "songs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "rendition_lease_until",
                table: "songs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rendition_owner",
                table: "songs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rendition_state",
                table: "songs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_songs_rendition_state",
                table: "songs",
                column: "rendition_state");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_songs_rendition_state",
                table: "songs");

            migrationBuilder.DropColumn(
                name: "rendition_error",
                table: "songs");

            migrationBuilder.DropColumn(
                name: "rendition_key",
                table: "songs");

            migrationBuilder.DropColumn(
                name: "rendition_lease_until",
                table: "songs");

            migrationBuilder.DropColumn(
                name: "rendition_owner",
                table: "songs");

            migrationBuilder.DropColumn(
                name: "rendition_state",
                table: "songs");
        }
    }
}
