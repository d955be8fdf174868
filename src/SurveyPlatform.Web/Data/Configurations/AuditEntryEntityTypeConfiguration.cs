using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SurveyPlatform.Web.Audit;

namespace SurveyPlatform.Web.Data.Configurations;

/// <summary>
/// The audit trail (migration 17). No foreign keys: entries outlive the surveys and accounts they
/// name, and no cascade may ever delete one (the table's triggers would refuse it anyway).
/// </summary>
internal sealed class AuditEntryEntityTypeConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.HasIndex(e => new { e.SurveyId, e.Sequence });
        builder.HasIndex(e => e.At);
        builder.Property(e => e.ActorId).HasMaxLength(AuditEntry.ActorIdMaxLength).IsRequired();
        builder.Property(e => e.ActorEmail).HasMaxLength(AuditEntry.ActorEmailMaxLength).IsRequired();
        builder.Property(e => e.ClientAddress).HasMaxLength(AuditEntry.ClientAddressMaxLength);
        builder.Property(e => e.Kind).HasMaxLength(AuditEntry.KindMaxLength).IsRequired();
        builder.Property(e => e.What).HasMaxLength(AuditEntry.WhatMaxLength).IsRequired();
        builder.Property(e => e.PreviousHash).HasMaxLength(AuditEntry.HashLength).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(AuditEntry.HashLength).IsRequired();
    }
}
