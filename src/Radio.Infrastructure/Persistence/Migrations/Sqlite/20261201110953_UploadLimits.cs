using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UploadLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "image_bytes",
                table: "songs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // tags no song carries are removed from now on: those left from before go too
            migrationBuilder.Sql("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM song_tags);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "image_bytes",
                table: "songs");
        }
    }
}
