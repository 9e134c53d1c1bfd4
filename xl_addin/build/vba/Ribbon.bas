Attribute VB_Name = "Ribbon"
' Callbacks of the workbook's own ribbon tab SPAK-SPKP (customUI/customUI14.xml).
' Each button hands its work to Python through xlwings' RunPython; the Python side is
' xl_addin/ribbon.py. Only Petunjuk works without Python.
Option Explicit

Private Const PYTHON_ENTRY As String = "import xl_addin.ribbon; xl_addin.ribbon."

' Runs when the workbook opens with macros enabled: registers the descriptions that
' Excel's Insert Function dialog shows for SLOVIN, KREJCIE, ... (see xlwings_udfs).
Public Sub RibbonOnLoad(ribbon As IRibbonUI)
    Dim wasSaved As Boolean
    wasSaved = ThisWorkbook.Saved
    RegisterUdfDescriptions
    ThisWorkbook.Saved = wasSaved ' registering is not a change the user should be asked to save
End Sub

Public Sub RibbonHitungTarget(control As IRibbonControl)
    RunPython PYTHON_ENTRY & "fill_targets()"
End Sub

Public Sub RibbonPeriksaData(control As IRibbonControl)
    RunPython PYTHON_ENTRY & "check_data()"
End Sub

Public Sub RibbonSalinanEmail(control As IRibbonControl)
    ' The copy is made from the file on disk, so it must hold what the user sees.
    If Not ThisWorkbook.Saved Then ThisWorkbook.Save
    RunPython PYTHON_ENTRY & "export_copy()"
End Sub

Public Sub RibbonRekapKanwil(control As IRibbonControl)
    Dim folder As String
    With Application.FileDialog(4) ' msoFileDialogFolderPicker
        .Title = "Pilih folder berisi workbook kiriman satker"
        If .Show <> -1 Then Exit Sub ' cancelled
        folder = .SelectedItems(1)
    End With
    ' Passed as a Python string literal: backslashes doubled, quotes cannot occur in Windows paths.
    RunPython PYTHON_ENTRY & "consolidate_folder(""" & Replace(folder, "\", "\\") & """)"
End Sub

Public Sub RibbonTesInstalasi(control As IRibbonControl)
    ' Only VBA knows Office's bitness, and it decides which xlwings DLL Excel loads (see xlwings.bas).
    #If Mac Then
        RunPython PYTHON_ENTRY & "selftest()"
    #ElseIf Win64 Then
        RunPython PYTHON_ENTRY & "selftest(office_bits=64)"
    #Else
        RunPython PYTHON_ENTRY & "selftest(office_bits=32)"
    #End If
End Sub

Public Sub RibbonPetunjuk(control As IRibbonControl)
    ThisWorkbook.Worksheets("Petunjuk").Activate
End Sub

Public Sub RibbonImporSurvei(control As IRibbonControl)
    Dim picked As Variant, files As String, i As Long
    picked = Application.GetOpenFilename(FileFilter:="File ekspor survei (*.csv;*.xlsx),*.csv;*.xlsx", _
        Title:="Pilih file ekspor respons survei (boleh lebih dari satu)", MultiSelect:=True)
    If Not IsArray(picked) Then Exit Sub ' cancelled
    For i = LBound(picked) To UBound(picked)
        ' Each path as a Python string literal: backslashes doubled, quotes cannot occur in Windows paths.
        files = files & """" & Replace(picked(i), "\", "\\") & """, "
    Next i
    RunPython PYTHON_ENTRY & "import_survey_files([" & files & "])"
End Sub

Public Sub RibbonKirimSatker(control As IRibbonControl)
    Dim folder As String
    With Application.FileDialog(4) ' msoFileDialogFolderPicker
        .Title = "Pilih folder untuk file dan draf email setiap satker"
        If .Show <> -1 Then Exit Sub ' cancelled
        folder = .SelectedItems(1)
    End With
    ' Passed as a Python string literal: backslashes doubled, quotes cannot occur in Windows paths.
    RunPython PYTHON_ENTRY & "send_to_satker(""" & Replace(folder, "\", "\\") & """)"
End Sub

Public Sub RibbonTerimaSatker(control As IRibbonControl)
    Dim picked As Variant, files As String, i As Long
    picked = Application.GetOpenFilename(FileFilter:="File kiriman satker (*.xlsx;*.xlsm),*.xlsx;*.xlsm", _
        Title:="Pilih file yang dikirim kembali oleh satker (boleh lebih dari satu)", MultiSelect:=True)
    If Not IsArray(picked) Then Exit Sub ' cancelled
    For i = LBound(picked) To UBound(picked)
        ' Each path as a Python string literal: backslashes doubled, quotes cannot occur in Windows paths.
        files = files & """" & Replace(picked(i), "\", "\\") & """, "
    Next i
    RunPython PYTHON_ENTRY & "receive_from_satker([" & files & "])"
End Sub
