@echo off
rem HAPUS.cmd - menghapus Python untuk SPAK-SPKP yang dipasang PASANG.cmd, untuk pengguna ini.
rem Yang dihapus HANYA folder %LOCALAPPDATA%\SPAK-SPKP. Workbook, data Anda dan Python dari
rem python.org tidak disentuh. Petunjuk lengkap: PANDUAN.txt.
rem
rem Penggunaan: klik dua kali HAPUS.cmd, atau "HAPUS.cmd /diam" dari skrip (tanpa pertanyaan).
rem Kode keluar: 0 terhapus atau memang tidak ada; 1 dibatalkan; 2 Excel masih terbuka atau
rem LOCALAPPDATA tidak ada; 3 folder tidak dapat dihapus seluruhnya.

setlocal EnableExtensions DisableDelayedExpansion
title Hapus SPAK-SPKP
set "JEDA=1"
if /i "%~1"=="/diam" set "JEDA="
set "KODE=0"

if not defined LOCALAPPDATA (
    echo GAGAL: variabel LOCALAPPDATA tidak ada di akun Windows ini. Tidak ada yang dihapus.
    set "KODE=2"
    goto :gagal
)
set "TUJUAN=%LOCALAPPDATA%\SPAK-SPKP"

if not exist "%TUJUAN%\" (
    echo Python untuk SPAK-SPKP tidak terpasang untuk pengguna ini: tidak ada yang perlu dihapus.
    if defined JEDA pause
    exit /b 0
)

tasklist /fi "imagename eq EXCEL.EXE" 2>nul | find /i "EXCEL.EXE" >nul
if not errorlevel 1 (
    echo GAGAL: Microsoft Excel masih terbuka dan mungkin menggunakan Python ini.
    echo Tutup semua jendela Excel, lalu jalankan HAPUS.cmd lagi. Tidak ada yang dihapus.
    set "KODE=2"
    goto :gagal
)

echo Folder yang akan dihapus:
echo   "%TUJUAN%"
echo Workbook dan data Anda tidak ikut terhapus.
if not defined JEDA goto :hapus
choice /c YT /m "Hapus sekarang? Y = ya, T = tidak"
if errorlevel 2 (
    echo Dibatalkan. Tidak ada yang dihapus.
    set "KODE=1"
    goto :gagal
)

:hapus
rd /s /q "%TUJUAN%"
if exist "%TUJUAN%\" (
    echo GAGAL: sebagian isi "%TUJUAN%" tidak dapat dihapus; mungkin sedang digunakan.
    echo Mulai ulang komputer, lalu jalankan HAPUS.cmd lagi.
    set "KODE=3"
    goto :gagal
)
echo SELESAI: Python untuk SPAK-SPKP sudah dihapus. Tombol dan rumus SPAK-SPKP tidak lagi berjalan
echo di PC ini sampai PASANG.cmd dijalankan lagi; target yang sudah terisi tetap terbaca.
if defined JEDA pause
exit /b 0

:gagal
echo.
if defined JEDA pause
exit /b %KODE%
