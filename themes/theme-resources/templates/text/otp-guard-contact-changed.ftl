<#ftl output_format="plainText">
${msg("otpGuardContactChangedIntro." + contactKind, otpGuardRealmName, previousContact, newContact)}

${msg("otpGuardNewDeviceWhen")} ${changeTime}
<#if changeSource == "admin">
${msg("otpGuardContactChangedBy")} ${msg("otpGuardContactChangedByAdmin")}
</#if>
<#if device??>
${msg("otpGuardNewDeviceDevice")} ${device}
</#if>
<#if ipAddress??>
${msg("otpGuardNewDeviceIp")} ${ipAddress}
</#if>

${msg("otpGuardContactChangedWasMe")}

<#if revertLink??>
${msg("otpGuardContactChangedNotMe." + contactKind)}
${revertLink}

${msg("otpGuardNewDeviceLinkValidity", linkLifetimeDays)}
<#else>
${msg("otpGuardContactChangedAskAdmin")}
</#if>
