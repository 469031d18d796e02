using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Radio.Infrastructure.Persistence.Migrations.PostgreSql
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // the limit counts tags; the ones no song used were kept before it
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
