using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Web.Admin;

namespace SurveyPlatform.Web.Data.Configurations;

internal sealed class AppSettingEntityTypeConfiguration : IEntityTypeConfiguration<AppSetting>
{
    public void Configure(EntityTypeBuilder<AppSetting> builder)
    {
        builder.ToTable("AppSettings");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(AppSetting.NameMaxLength).ValueGeneratedNever();
        builder.Property(s => s.Value).HasMaxLength(AppSetting.ValueMaxLength).IsRequired();
    }
}
