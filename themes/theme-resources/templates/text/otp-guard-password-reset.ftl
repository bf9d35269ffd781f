<#ftl output_format="plainText">
${msg("otpGuardResetNoticeIntro." + usedChannel, otpGuardRealmName, usedDestination)}

${msg("otpGuardNewDeviceWhen")} ${resetTime}
${msg("otpGuardNewDeviceDevice")} ${device}
${msg("otpGuardNewDeviceIp")} ${ipAddress}

${msg("otpGuardResetNoticeWasMe")}
${msg("otpGuardResetNoticeNotMe." + usedChannel)}
