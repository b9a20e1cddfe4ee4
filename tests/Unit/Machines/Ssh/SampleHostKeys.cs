using System;
using System.Linq;
using BlueGreen.Machines.Ssh;

namespace BlueGreen.Tests.Unit.Machines.Ssh
{
    /// <summary>
    /// Real host keys made with ssh-keygen (OpenSSH 9.2) and their fingerprints as <c>ssh-keygen -l</c> prints them:
    /// the instance's own set and another set (what a wrong host presents). <see cref="Console"/> writes them as
    /// cloud-init does on Amazon Linux (<c>ec2: </c> prefixes) or Ubuntu (syslog headers, CRLF line ends).
    /// </summary>
    internal static class SampleHostKeys
    {
        internal const string InstanceEcdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJnzmLqghGy8/r83W/Oo4nvXahQrr3UEv3zIXpuZBXH3i8A3Ck8WW8QGT/tI1gQJPwSCH7rG+3Te8nbYffC6WRY=";
        internal const string InstanceEcdsaFingerprint = "SHA256:f3ZZW5eMJapsBOsa+FeVL0JtZzieF3x8i6NL2bKuPew";

        internal const string InstanceEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAhZFk/C7uFNk+16TsrRJRJlkEjJMtj8DzVZmJY7kG5Z";
        internal const string InstanceEd25519Fingerprint = "SHA256:vp+eQHiKWMN/x25qG5C91ZysiUycfrQQnA055usZdEE";

        internal const string InstanceRsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCg5yAEU0ZrRixkDMzcX8fqNrP5v89IdWsaOgtwOD6PDSDtNUcn6VGEtUkNLN2yBMoxvIOypFimtp/lGw9ICIayJC0O90oDMMw9Z/+Dh6BMBb4VWfLUduPlFiHN5vw9WLHyd7hJJ8oVeSd/KmjSgsCMU11r54N1xdyV9YxbabRoyVgNSewumuHFUcC6t6Tc8bL6Y+TIcLe7m1CYIoKJhlxl0Azajevo+bVDYsumeQGvKpFHsQK9sHPjFD7OWqTQqVHOZZQKuga4rwb96VEImrorCWffFhJEEhjOO+oGvAkdgMpnnUh6reUV9MiRRIFbDrhTgRs9yJJ4Ao1Va66QqGvc0tJp+5N00bO37+NoQmRTKccWu6Q20brNts2DxdsT+bh3VmGBzLfK+tQEQAB44v1/RraqHv3MNgdg7nqpCammD2XRAN8ooWtHhFdNKaqmqLcnokmkRdlExSjozKzPJNQnUsir/1pDz+2plQPWlOm2yHguSk/RocG5CnJDMc0GtTU=";
        internal const string InstanceRsaFingerprint = "SHA256:+cJXjIb1cSZczpoyEScKQl9JvXtoyY29fsbboZwt+bw";

        internal const string OtherEcdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBMv5nsdEX8Rk9ORry++KzhMdXq9GDC4+DWap5E0q29/NDQToW/C/HlZDB6p7gOkzOHcWV/94IZzLGu/wCdSIYGA=";
        internal const string OtherEcdsaFingerprint = "SHA256:wfVXHhK7/K1JGUaIqcyvHpFOhqngjTeK1H4pXNPhjPw";

        internal const string OtherEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcZ0+lxdE/wYUMFKsvS6nVbwkR2KIU8SskOnvIvj+DU";
        internal const string OtherEd25519Fingerprint = "SHA256:icm896nvrGlThHIO6cN5epVTXted12/iQ8quQzb6TdI";

        internal const string OtherRsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDefBOUPKd37VHPEEJNm886rJWkJYVvCxS+BSiuGDtMIFpLC+s48AG+tBqlbhemsns7SzZB7JYm51fIRekVWZP3ynAOC4IRArfs/lLuZvz5uj2lTNgUm8m049XrLHzzwgm49z0G4IdqjHkjaIH0d75c/IlmmESHnwcxfERb86ZHlu/5ZfusYGtGoMp8qfqbjlZ6lw9yGM4bmrXWal2RnCYD6G0q9+mj3v4BBGjEj5T2RmEvvKz5Aj7KM5NmtlSj3FEYK1sC2yDnbn/V61+EqJpR0FgMsrYNaneWHKfKQTedryYJVvzJzn5RXR6y8/dbiAQC2/k8bHcTThcmipDchKbMza+vmrYH5DgUy9bx3RSv/57nVANajLcq6kG9+EINvp3eokW7XOenoF/HFbv0oA0mz5RGbFtcYK/8nkr3DkLcopn1Z3LazCwz2AolQ2g06rRSS2y3Ttzci6SG0s+Y3J/ccrH/B5SeU/22ANjNXMYp3PHOafaNqrFROyoB2jQCgf8=";
        internal const string OtherRsaFingerprint = "SHA256:X4Kuy32zzVF3qpsC1IH+iIiv5XyKm11AFNlxtIcS1/4";

        internal static HostPublicKey Key(string text)
        {
            string[] fields = text.Split(' ');
            return HostPublicKey.TryParse(fields[0], fields[1]) ?? throw new ArgumentException("not a key: " + text);
        }

        /// <summary>cloud-init's two blocks; keys: the key block (null: the image prints none, only fingerprints).</summary>
        internal static string Console(string style = "ec2", string[]? fingerprints = null, string[]? keys = null, bool withKeys = true, string host = "ip-10-0-0-5")
        {
            fingerprints ??= new[] { $"256 {InstanceEcdsaFingerprint} root@{host} (ECDSA)", $"256 {InstanceEd25519Fingerprint} root@{host} (ED25519)", $"3072 {InstanceRsaFingerprint} root@{host} (RSA)" };
            keys ??= new[] { InstanceEcdsa, InstanceEd25519, InstanceRsa };
            string prefix = style == "ubuntu" ? "<14>Jun  5 10:11:13 cloud-init: " : "ec2: ";
            string newline = style == "ubuntu" ? "\r\n" : "\n";
            var lines = new System.Collections.Generic.List<string>
            {
                "[   15.734236] cloud-init[1012]: Cloud-init v. 23.1.2-0ubuntu0~22.04.1 running 'modules:final' at Mon, 05 Jun 2023 10:11:12 +0000. Up 15.60 seconds.",
                "ci-info: no authorized SSH keys fingerprints found for user ubuntu.",
                prefix + "#############################################################",
                prefix + "-----BEGIN SSH HOST KEY FINGERPRINTS-----",
            };
            lines.AddRange(fingerprints.Select(f => prefix + f));
            lines.Add(prefix + "-----END SSH HOST KEY FINGERPRINTS-----");
            lines.Add(prefix + "#############################################################");
            if (withKeys)
            {
                lines.Add("-----BEGIN SSH HOST KEY KEYS-----");
                lines.AddRange(keys.Select(k => k + " root@" + host));
                lines.Add("-----END SSH HOST KEY KEYS-----");
            }

            lines.Add("[   16.01] cloud-init[1012]: Cloud-init v. 23.1.2-0ubuntu0~22.04.1 finished at Mon, 05 Jun 2023 10:11:13 +0000. Datasource DataSourceEc2Local.  Up 16.00 seconds");
            return string.Join(newline, lines) + newline;
        }
    }
}
